package io.syncmaster.worker.template;

import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import com.hubspot.jinjava.util.HasObjectTruthValue;
import java.io.IOException;

/**
 * Python's {@code None} inside a Jinjava template.
 *
 * <p>Jinja prints a {@code None} value as the text {@code None} while Jinjava prints {@code null} as nothing, so
 * columns that are NULL (e.g. {@code run.ended_at}, {@code run.log_url}) are exposed as this object: it renders
 * {@code None}, is false in {@code {% if %}}, and satisfies the {@code none} test ({@code x is none}).
 */
public final class PyNone implements PyishSerializable, HasObjectTruthValue {

    /** The only instance. */
    public static final PyNone INSTANCE = new PyNone();

    private PyNone() {
    }

    @Override
    public boolean getObjectTruthValue() {
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        return (T) appendable.append("None");
    }

    @Override
    public String toString() {
        return "None";
    }
}
